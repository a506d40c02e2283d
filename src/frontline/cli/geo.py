"""`frontline geoparse` and `frontline eval geoparse | event-location | ucdp-geo`: thin shells over frontline.geo."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import click

from frontline import settings
from frontline.errors import InputError


def _place_dict(t: Any) -> dict[str, Any]:
    place = t.place
    return {
        "start": t.start,
        "end": t.end,
        "text": t.text,
        "kind": t.kind,
        "name": place.name if place else None,
        "gazetteer_id": place.gazetteer_id if place else None,
        "geonameid": place.geonameid if place else None,
        "feature_code": place.feature_code if place else None,
        "country": place.country if place else None,
        "admin1": place.admin1 if place else None,
        "latitude": place.latitude if place else None,
        "longitude": place.longitude if place else None,
        "score": t.score,
        "reason": t.reason,
    }


def _location_dict(loc: Any) -> dict[str, Any]:
    return {
        "mention": loc.mention,
        "place": loc.place.name,
        "geonameid": loc.place.geonameid,
        "relation": loc.relation,
        "geo_precision": loc.geo_precision,
        "latitude": round(loc.latitude, 5),
        "longitude": round(loc.longitude, 5),
        "distance_km": loc.distance_km,
        "precision_km": loc.precision_km,
    }


@click.command("geoparse")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["json", "table"]), default="table", show_default=True)
@click.option("--country", "country_hint", default=None, help="ISO2 code of the country the text is about.")
@click.option("--demonyms/--no-demonyms", default=False, help="Count 'Syrian'-style words as places.")
def geoparse_command(path: Path, fmt: str, country_hint: str | None, demonyms: bool) -> None:
    """Find and resolve the places a text file names, with relative places per sentence.

    \b
    Examples:
      frontline geoparse report.txt
      frontline geoparse report.txt --format json --country SY
    """
    from frontline.geo import parse as geo_parse
    from frontline.geo.relative import relative_location

    try:
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, IsADirectoryError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {path} as UTF-8 text ({exc.__class__.__name__}): give a text file") from exc
    doc = geo_parse.shared_nlp()(text)
    toponyms = geo_parse.geoparse(doc, country_hint=country_hint, demonyms=demonyms)
    locations = []
    for sent in doc.sents:
        locations.extend(relative_location(sent.text, toponyms, sent.start_char))
    if fmt == "json":
        out = {"toponyms": [_place_dict(t) for t in toponyms], "locations": [_location_dict(x) for x in locations]}
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
        return
    click.echo(f"{'offset':>7}  {'mention':<24} {'place':<24} {'id':>9} {'code':<6} {'cc':<3} {'lat':>9} {'lon':>10} score reason")
    for t in toponyms:
        p = t.place
        if p is None:
            click.echo(f"{t.start:>7}  {t.text[:24]:<24} {'-':<24} {'':>9} {'':<6} {'':<3} {'':>9} {'':>10} {t.score:.2f}  {t.reason}")
            continue
        click.echo(
            f"{t.start:>7}  {t.text[:24]:<24} {p.name[:24]:<24} {p.geonameid or '':>9} {p.feature_code:<6} "
            f"{p.country:<3} {p.latitude:>9.4f} {p.longitude:>10.4f} {t.score:.2f}  {t.reason}"
        )
    relative = [x for x in locations if x.relation]
    if relative:
        click.echo("\nrelative places:")
        for loc in relative:
            click.echo(
                f"  {loc.mention!r}: {loc.relation}{'' if (loc.relation or '').startswith('between') else ' ' + loc.place.name}"
                f" -> ({loc.latitude:.4f}, {loc.longitude:.4f}) "
                f"geo_precision {loc.geo_precision}, ±{loc.precision_km or 0:.0f} km"
            )


def _corpus_name(path: Path) -> str:
    return (path.stem if path.is_file() else path.name).lower()


def _write(out: Path, data: dict[str, Any]) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    click.echo(f"wrote {out}")


@click.command("geoparse")
@click.option("--corpus", "corpus", type=click.Path(path_type=Path), default=None,
              help="Corpus file or folder (default: LGL under the 'shared' setting).")  # fmt: skip
@click.option("--format", "fmt", type=click.Choice(["gritta-xml", "gwn", "wiktor"]), default=None,
              help="Corpus format (detected from the path when left out).")  # fmt: skip
@click.option("--mode", type=click.Choice(["gold-toponyms", "end-to-end"]), default="gold-toponyms", show_default=True)
@click.option("--predictions", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write one JSON line per gold toponym here.")  # fmt: skip
@click.option("--patches", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Coordinate fixes (mlg_patches/*.tsv) to apply to the gold first.")  # fmt: skip
@click.option("--demonyms/--no-demonyms", default=False, help="End-to-end: count demonyms as toponyms.")
@click.option("--limit", type=int, default=None, help="Only the first N articles.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="JSON file for the figures [default: out/eval-geoparse-<corpus>[-end-to-end].json].")  # fmt: skip
def eval_geoparse_command(
    corpus: Path | None,
    fmt: str | None,
    mode: str,
    predictions: Path | None,
    patches: Path | None,
    demonyms: bool,
    limit: int | None,
    out: Path | None,
) -> None:
    """Score geoparsing on LGL, GeoWebNews or WikToR: Acc@161, mean/median km, AUC, GeoNames-id accuracy.

    \b
    Examples:
      frontline eval geoparse --corpus ../shared/corpora/geo/lgl/lgl.xml
      frontline eval geoparse --corpus ../shared/corpora/geo/geowebnews/GWN.xml --mode end-to-end --demonyms
      frontline eval geoparse --corpus ../shared/corpora/geo/wiktor --predictions out/wiktor.jsonl
    """
    from frontline.eval.geoparse import evaluate_geoparse

    path = corpus or settings.get_path("shared") / "corpora" / "geo" / "lgl" / "lgl.xml"
    report = evaluate_geoparse(
        path, fmt=fmt, mode=mode, predictions=predictions, patches=patches, limit=limit, demonyms=demonyms
    )
    r = report.resolution
    click.echo(f"corpus {path} ({mode}), {report.articles} articles")
    click.echo(
        f"N={r.n}  Acc@161={r.acc161:.3f}  mean={r.mean_km:.0f} km  median={r.median_km:.1f} km  "
        f"AUC={r.auc:.3f}  misses={r.misses}  GeoNames-id acc={r.geonameid_acc:.3f} (n={r.geonameid_n})"
    )
    for name, s in report.subsets.items():
        click.echo(f"  {name}: N={s.n}  Acc@161={s.acc161:.3f}  mean={s.mean_km:.0f} km  AUC={s.auc:.3f}")
    if report.recognition is not None:
        g = report.recognition
        click.echo(
            f"recognition: P={g.precision:.3f} R={g.recall:.3f} F1={g.f1:.3f} (exact); "
            f"P={g.precision_overlap:.3f} R={g.recall_overlap:.3f} F1={g.f1_overlap:.3f} (overlap); "
            f"gold={g.gold} predicted={g.predicted}"
        )
    click.echo(
        f"time: parse {report.parse_seconds:.1f} s, resolve {report.resolve_seconds:.1f} s "
        f"({report.resolve_docs_per_second:.0f} docs/s); gazetteer RSS {report.gazetteer_rss_mb} MB"
    )
    suffix = "" if mode == "gold-toponyms" else f"-{mode}"
    _write(out or Path("out") / f"eval-geoparse-{_corpus_name(path)}{suffix}.json", report.to_dict())


@click.command("event-location")
@click.option("--corpus", type=click.Path(path_type=Path), default=None,
              help="Halterman 2019 labelled file or folder (default: under the 'shared' setting).")  # fmt: skip
@click.option("--limit", type=int, default=None, help="Only the first N records.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("out/eval-event-location.json"),
              show_default=True)  # fmt: skip
def eval_event_location_command(corpus: Path | None, limit: int | None, out: Path) -> None:
    """Score the choice of an event's place among the places of its sentence (Halterman 2019 gold).

    \b
    Example:
      frontline eval event-location
    """
    from frontline.eval.geoparse import evaluate_event_locations

    path = corpus or settings.get_path("shared") / "corpora" / "geo" / "event_location_halterman2019"
    report = evaluate_event_locations(path, limit=limit)
    click.echo(
        f"records={report.records} with places={report.with_candidates} gold among them={report.gold_among_candidates}\n"
        f"choice accuracy={report.choice_accuracy:.3f}  strict={report.strict_accuracy:.3f}  "
        f"with 2+ places={report.multi_candidate_accuracy:.3f}"
    )
    for source, acc in report.by_source.items():
        click.echo(f"  {source}: {acc:.3f}")
    _write(out, asdict(report))


@click.command("ucdp-geo")
@click.option("--corpus", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="UCDP GED CSV (default: the Syria file under the 'shared' setting).")  # fmt: skip
@click.option("--max-prec", type=int, default=2, show_default=True, help="Keep rows with where_prec up to this.")
@click.option("--km", "within_km", type=float, default=25.0, show_default=True)
@click.option("--country", "country_hint", default="SY", show_default=True, help="Country the headlines are about.")
@click.option("--limit", type=int, default=None)
@click.option("--sample", type=int, default=200, show_default=True, help="Failures to list in the JSON output.")
@click.option("--index", "index", type=click.Path(dir_okay=False, path_type=Path, exists=True), default=None,
              help="Gazetteer index to use (e.g. one built --without syria-ucdp.yaml) instead of the default.")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("out/eval-ucdp-geo.json"),
              show_default=True)  # fmt: skip
def eval_ucdp_geo_command(
    corpus: Path | None, max_prec: int, within_km: float, country_hint: str, limit: int | None, sample: int,
    index: Path | None, out: Path
) -> None:
    """Geolocate UCDP GED headlines and count how many land within --km of UCDP's coordinates.

    Each headline's place is the one an event would carry (the most specific place named, read
    with its relative words). Shares are printed over three denominators:

    \b
      named   rows whose headline yields any place (the issue's target: >= 85%)
      strict  every row with where_prec <= --max-prec; a headline naming no place is a miss
      fair    rows whose headline names a place finer than a province (a town, district, base,
              hill, "near X"); "Idlib countryside", "east of the Euphrates" or "Syria" cannot
              place a village within 25 km: UCDP's point then comes from the article body

    The JSON output adds a count of failure causes and a fixed-seed sample of failures.

    \b
    Example:
      frontline eval ucdp-geo --limit 2000
    """
    from frontline.eval.geoparse import evaluate_ucdp_geo
    from frontline.geo.parse import use_index

    if index is not None:
        use_index(index)
    path = corpus or settings.get_path("shared") / "corpora" / "events" / "ucdp" / "ucdp_ged191_syria.csv"
    report = evaluate_ucdp_geo(
        path, max_prec=max_prec, within_km=within_km, country_hint=country_hint or None, limit=limit, sample=sample
    )
    km = f"{within_km:g} km"
    click.echo(
        f"rows={report.rows} named a place={report.named} within {km}={report.share_within:.3f} "
        f"median={report.median_km} km\n"
        f"strict (all rows) within {km}={report.share_within_strict:.3f}\n"
        f"fair (finer than a province)={report.fair_rows} within {km}={report.share_within_fair:.3f} "
        f"median={report.median_km_fair} km\n"
        f"rows naming UCDP's place={report.names_ucdp_place} within {km}={report.share_within_ucdp_named:.3f}"
    )
    missed = sum(report.failure_causes.values())
    for cause, n in report.failure_causes.items():
        click.echo(f"  {n:6d} ({n / missed if missed else 0.0:.1%} of misses)  {cause}")
    _write(out, asdict(report))


def _ucdp_default() -> Path:
    return settings.get_path("shared") / "corpora" / "events" / "ucdp" / "ucdp_ged191_syria.csv"


@click.command("ucdp-places")
@click.option("--corpus", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="UCDP GED CSV (default: the Syria file under the 'shared' setting).")  # fmt: skip
@click.option("--km", "within_km", type=float, default=10.0, show_default=True)
@click.option("--holdout", "holdout_share", type=float, default=0.2, show_default=True,
              help="Share of place names held out (by a hash of the name key).")  # fmt: skip
@click.option("--country", default="SY", show_default=True)
@click.option("--work", type=click.Path(file_okay=False, path_type=Path), default=Path("out/ucdp-places"),
              show_default=True, help="Folder for the evaluation's own gazetteer indexes.")  # fmt: skip
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("out/eval-ucdp-places.json"),
              show_default=True)  # fmt: skip
def eval_ucdp_places_command(corpus: Path | None, within_km: float, holdout_share: float, country: str, work: Path,
                             out: Path) -> None:
    """Look held-out UCDP places up by name in a gazetteer built without them; count those within --km.

    \b
    Example:
      frontline eval ucdp-places
    """
    from frontline.eval.geoparse import evaluate_ucdp_places

    r = evaluate_ucdp_places(corpus or _ucdp_default(), work=work, within_km=within_km, holdout_share=holdout_share,
                             country=country.upper())  # fmt: skip
    click.echo(
        f"held-out places={r.places} (trained on {r.train_places} imported places)\n"
        f"found by name={r.share_found:.3f}  within {r.within_km:g} km={r.share_within:.3f}  "
        f"(GeoNames and curated supplements only: {r.baseline_share_within:.3f})"
    )
    _write(out, asdict(r))


@click.command("name-variants")
@click.option("--corpus", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="UCDP GED CSV the test set is built from (default: the Syria file under 'shared').")  # fmt: skip
@click.option("--country", default="SY", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("out/eval-name-variants.json"),
              show_default=True)  # fmt: skip
def eval_name_variants_command(corpus: Path | None, country: str, out: Path) -> None:
    """Score the name keys on spellings of one place (recall) and on different places (false merges).

    The test set pairs UCDP's names with GeoNames names of the same place (see
    frontline.gazetteer.variants). Exits 1 when a must-merge or never-merge check fails.

    \b
    Example:
      frontline eval name-variants
    """
    from frontline.eval.geoparse import evaluate_name_variants

    report = evaluate_name_variants(corpus or _ucdp_default(), country=country.upper())
    for label in ("as_written", "key", "variant"):
        r = report[label]
        click.echo(
            f"{label:<10} same-place pairs={r['same_place_pairs']} recall={r['recall']:.3f}  "
            f"merged pairs={r['merged_pairs']} false merges={r['false_merges']} rate={r['false_merge_rate']:.3f}"
        )
    failed = [k for k, ok in report["variant"]["checks"].items() if not ok]
    _write(out, report)
    if failed:
        raise click.ClickException(f"name-variant checks failed: {'; '.join(failed)}")


COMMANDS = [geoparse_command]
EVAL_COMMANDS = [eval_geoparse_command, eval_event_location_command, eval_ucdp_geo_command, eval_ucdp_places_command,
                 eval_name_variants_command]
