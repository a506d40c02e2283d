"""`frontline classify`, `frontline eval case2021` and `frontline eval typing`: thin shells over
events.classify, eval.case2021 and eval.typing."""

from __future__ import annotations

from pathlib import Path

import click

from frontline.errors import InputError
from frontline.events.classify import MODES, Mode, classify_plover, classify_snippets
from frontline.events.classify_io import format_predictions, read_snippets
from frontline.events.classify_model import (
    fit_classifier,
    save_model,
    shipped_model_path,
)


@click.command("classify")
@click.argument("tsv", required=False, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--labels", type=click.Choice(["case2021", "acled", "plover", "cameo"]), default="case2021",
              show_default=True,
              help="Print CASE 2021 codes, ACLED sub-event type names, PLOVER types (TYPE or TYPE/mode, from the "
                   "PLOVER lexicon coder with the ACLED crosswalk for violence) or their CAMEO roots; NONE where "
                   "no act is coded.")
@click.option("--text-column", type=int, default=2, show_default=True, help="1-based column holding the snippet.")
@click.option("--mode", type=click.Choice(MODES), default="combined", show_default=True,
              help="combined: rules + shipped model by the calibrated rule; rules: the rule layer alone; "
                   "model: the shipped model alone.")
@click.option("--train", "train", is_flag=True,
              help="Rebuild the shipped model from the written training material (data/classifier/training).")
@click.option("--data", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="With --train: also train on this gold TSV (id, snippet, CASE code), e.g. the CASE 2021 dev "
                   "slice; its rows do not calibrate the rules.")
@click.option("--model-out", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="With --train: where to write the model (default: the package's model file).")
def classify(tsv: Path | None, labels: str, text_column: int, mode: str, train: bool, data: Path | None,
             model_out: Path | None) -> None:
    """Label each snippet of TSV (header, id column first) and print id<TAB>label.

    \b
    Examples:
      frontline classify snippets.tsv > labels.tsv
      frontline classify snippets.tsv --labels acled --text-column 3
      frontline classify snippets.tsv --labels plover
      frontline classify --train      # rebuild the shipped model from the training material
    """
    if train:
        _train(data, model_out)
        return
    if tsv is None:
        raise InputError("give a TSV to classify (or --train to rebuild the model)")
    snippets = read_snippets(tsv, text_column=text_column - 1)
    mode_value: Mode = "rules" if mode == "rules" else "model" if mode == "model" else "combined"
    if labels in ("plover", "cameo"):
        coded = classify_plover([s.text for s in snippets], mode=mode_value)
        if labels == "plover":
            pairs = [(s.id, _plover_label(c.plover_type, c.plover_mode) if c else "NONE") for s, c in zip(snippets, coded)]
        else:
            pairs = [(s.id, c.cameo_root if c else "NONE") for s, c in zip(snippets, coded)]
        click.echo(format_predictions(pairs), nl=False)
        return
    results = classify_snippets([s.text for s in snippets], mode=mode_value)
    if labels == "acled":
        # The five CASE-only types have no ACLED sub-event; print their CASE code instead.
        pairs = [(s.id, r.acled_sub_event or r.label) for s, r in zip(snippets, results)]
    else:
        pairs = [(s.id, r.label) for s, r in zip(snippets, results)]
    click.echo(format_predictions(pairs), nl=False)


def _plover_label(plover_type: str, mode: str | None) -> str:
    return f"{plover_type}/{mode}" if mode else plover_type


def _train(data: Path | None, model_out: Path | None) -> None:
    from frontline.eval.case2021 import read_gold
    from frontline.events.classify_training import shipped_training

    material = shipped_training()
    texts = [m.text for m in material]
    labels = [m.label for m in material]
    calibrate = [True] * len(texts)
    described = f"written material ({len(texts)} snippets)"
    if data is not None:
        rows = read_gold(data)
        texts += [r.text for r in rows]
        labels += [r.label or "" for r in rows]
        calibrate += [False] * len(rows)
        described += f" + {data.name} ({len(rows)} snippets)"
    model, table = fit_classifier(texts, labels, calibrate_on=calibrate, trained_on=described)
    target = save_model(model, model_out or shipped_model_path())
    for row in table:
        click.echo(f"  {row.rule:32} {row.label:30} n={row.support:3} rule {row.rule_precision:.2f} "
                   f"model {row.model_precision:.2f}{'  trusted' if row.trusted else ''}", err=True)
    click.echo(f"trained on {described}; {len(model.weights)} features, {len(model.trusted_rules)} trusted rules "
               f"-> {target}", err=True)


@click.command("case2021")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--predictions", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Score this id<TAB>label file instead of running the classifier.")
@click.option("--cv", "k", type=int, default=5, show_default=True, help="Folds for the cross-validated model.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the fold assignment.")
@click.option("--system", "systems", multiple=True, type=click.Choice(["rules", "cv", "shipped"]),
              help="Systems to score (repeatable; default: rules and cv, or none with --predictions).")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("out"),
              show_default=True, help="Folder for eval-case2021.json.")
@click.option("--speed", is_flag=True, help="Also time the classifier against a bare spaCy parse of the snippets.")
def case2021(path: Path | None, predictions: Path | None, k: int, seed: int, systems: tuple[str, ...],
             out_dir: Path, speed: bool) -> None:
    """Score snippet classification on CASE 2021 task 2 (default: the dev slice) per subtask.

    Prints precision, recall, micro, macro and weighted F1 for subtasks 1-3 and writes
    OUT/eval-case2021.json. The default systems are the rule layer alone and the combined
    model under k-fold cross-validation.

    \b
    Examples:
      frontline eval case2021
      frontline eval case2021 --cv 5 --speed
      frontline eval case2021 ../shared/corpora/events/case2021_task2_dev --predictions labels.tsv
    """
    from frontline.eval.case2021 import (
        default_dev_path,
        evaluate_case2021,
        format_table,
        measure_speed,
        read_gold,
        write_report,
    )

    gold_path = path or default_dev_path()
    if gold_path.is_dir():
        gold_path = gold_path / "dev.tsv"
    chosen = systems or (() if predictions is not None else ("rules", "cv"))
    results = evaluate_case2021(gold_path, systems=chosen, predictions=predictions, k=k, seed=seed)
    click.echo(format_table(results))
    timing = measure_speed([s.text for s in read_gold(gold_path)]) if speed else None
    if timing is not None:
        click.echo(
            f"speed: classify {timing.classify_s * 1000:.1f} ms vs spaCy parse {timing.parse_s * 1000:.1f} ms "
            f"for {timing.n} snippets (ratio {timing.ratio:.3f})"
        )
    report = write_report(results, out_dir / "eval-case2021.json", gold_path=gold_path, speed=timing)
    click.echo(f"wrote {report}", err=True)


@click.command("typing")
@click.option("--train", "train", type=click.Choice(["shipped", "material", "material+case"]), default="shipped",
              show_default=True,
              help="Score the shipped model, or one fitted now on the written material (and the CASE dev slice).")
@click.option("--cv", "k", type=int, default=5, show_default=True,
              help="Folds for the CASE dev cross-validation of the learned part (0 to skip).")
@click.option("--gold", "gold_dir", type=click.Path(path_type=Path, file_okay=False), default=None,
              help="Folder of events-*.jsonl news gold (default: the package's eval/gold/news).")
@click.option("--speed/--no-speed", default=True, show_default=True,
              help="Also time the classifier against a bare spaCy parse of the same snippets.")
@click.option("--out", "out_dir", type=click.Path(path_type=Path, file_okay=False), default=Path("out"),
              show_default=True, help="Folder for eval-typing.json.")
def typing_eval(train: str, k: int, gold_dir: Path | None, speed: bool, out_dir: Path) -> None:
    """Score event typing: CASE dev (rules, model, combined, CV) and the news gold's two halves.

    Prints weighted F1 on CASE 2021 dev for subtasks 1-3 (and 5-fold CV of the learned part),
    weighted F1 on the tuned and held-out halves of the hand-coded news gold, per-class F1 for the
    10 biggest classes, confusions between neighbouring sub-types, and classify time as a ratio to
    a spaCy parse of the same snippets; writes OUT/eval-typing.json (per-snippet rows for the
    tuned half only).

    \b
    Examples:
      frontline eval typing
      frontline eval typing --train material+case --no-speed
    """
    from frontline import settings
    from frontline.eval.case2021 import default_dev_path, measure_speed, read_gold
    from frontline.eval.news import default_gold_dir
    from frontline.eval.typing import (
        GoldSnippet,
        evaluate_typing,
        format_typing,
        read_news_snippets,
        write_typing,
    )

    case_dev = [GoldSnippet(s.id, s.text, s.label or "", "case_dev") for s in read_gold(default_dev_path())]
    news = read_news_snippets(settings.get_path("shared"), gold_dir or default_gold_dir())
    result = evaluate_typing(case_dev, news, train=train, cv_folds=k)
    if speed:
        timing = measure_speed([s.text for s in (*case_dev, *news)])
        result.speed = {"n": timing.n, "parse_s": timing.parse_s, "classify_s": timing.classify_s, "ratio": timing.ratio}
    click.echo(format_typing(result))
    click.echo(f"wrote {write_typing(result, out_dir / 'eval-typing.json')}", err=True)


COMMANDS = [classify]
EVAL_COMMANDS = [case2021, typing_eval]
