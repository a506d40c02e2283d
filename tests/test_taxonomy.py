"""ACLED taxonomy, CASE labels, interaction codes and the PLOVER/CAMEO crosswalks."""

from __future__ import annotations

import json

import pytest

from frontline import settings
from frontline.errors import DataError
from frontline.events import taxonomy as tx


def test_six_event_types_in_acled_order() -> None:
    assert tx.event_types() == (
        "Battles",
        "Protests",
        "Riots",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Strategic developments",
    )
    assert all(len(d) > 30 for d in tx.event_type_definitions().values())


def test_twenty_five_sub_event_types_with_unique_names_codes_and_precedence() -> None:
    subs = tx.sub_event_types()
    assert len(subs) == 25
    assert len({s.name for s in subs}) == 25
    assert len({s.code for s in subs}) == 25
    assert sorted(s.precedence for s in subs) == list(range(1, 26))
    assert {s.event_type for s in subs} == set(tx.event_types())
    assert [len(tx.sub_events_of(t)) for t in tx.event_types()] == [3, 3, 2, 6, 3, 8]


def test_sub_events_match_the_reference_acled_list() -> None:
    path = settings.get_path("shared") / "corpora/events/acled_taxonomy/acled_event_categories_from_acledR.csv"
    if not path.exists():
        pytest.skip(f"reference list not found at {path}")
    rows = [line.split(",") for line in path.read_text().splitlines()[1:] if line.strip()]
    reference = {(r[0], r[1]): r[2] == "1.0" for r in rows}
    ours = {(s.event_type, s.name): s.violent for s in tx.sub_event_types()}
    assert ours == reference


def test_sub_event_lookup_by_name_or_case_code() -> None:
    air = tx.sub_event("AIR_STRIKE")
    assert air.name == "Air/drone strike"
    assert air.event_type == "Explosions/Remote violence"
    assert (air.plover_type, air.plover_mode, air.cameo_root) == ("ASSAULT", "aerial", "19")
    assert tx.sub_event("government regains territory").code == "GOV_REGAINS_TERIT"
    assert tx.sub_event("Excessive force against protestors").code == "FORCE_AGAINST_PROTEST"
    with pytest.raises(DataError, match="unknown ACLED sub-event type 'Skirmish'"):
        tx.sub_event("Skirmish")


def test_case_labels_cover_the_case_dev_label_file() -> None:
    labels = tx.case_labels()
    assert len(labels) == 30
    assert labels["ARMED_CLASH"] == "Armed clash"
    assert labels["DIPLO"] == "Diplomatic event"
    path = settings.get_path("shared") / "corpora/events/case2021_task2_dev/label_to_description.json"
    if path.exists():
        assert labels == json.loads(path.read_text())


def test_precedence_prefers_territory_change_over_clash_and_chemical_over_air_strike() -> None:
    order = tx.precedence_order()
    assert order[0] == "Government regains territory"
    assert order[-1] == "Other"
    assert order.index("Non-state actor overtakes territory") < order.index("Armed clash")
    assert order.index("Chemical weapon") < order.index("Air/drone strike")
    assert order.index("Air/drone strike") < order.index("Attack")
    assert tx.pick_sub_event(["Armed clash", "GOV_REGAINS_TERIT"]).name == "Government regains territory"
    assert tx.pick_sub_event(["ATTACK", "Air/drone strike"]).name == "Air/drone strike"


@pytest.mark.parametrize(
    ("inter1", "inter2", "expected"),
    [(1, 2, 12), (2, 1, 12), (1, 7, 17), (2, 2, 22), (8, 1, 18), (2, None, 20), (None, 7, 70), (None, None, None)],
)
def test_interaction_codes(inter1: int | None, inter2: int | None, expected: int | None) -> None:
    assert tx.interaction_code(inter1, inter2) == expected


def test_interaction_rejects_unknown_inter_code() -> None:
    with pytest.raises(DataError, match="not 1-8"):
        tx.interaction_code(9, 1)
    assert tx.INTER_CODES[1] == "State forces"
    assert tx.INTER_CODES[8] == "External/Other forces"


def test_cameo_to_plover_uses_the_finest_known_code() -> None:
    assert tx.cameo_to_plover("193") == ("ASSAULT", "firearms")
    assert tx.cameo_to_plover("195") == ("ASSAULT", "aerial")
    assert tx.cameo_to_plover("173") == ("COERCE", "arrest")
    assert tx.cameo_to_plover("0874") == ("RETREAT", "disarm")
    assert tx.cameo_to_plover("0231") == ("REQUEST", None)  # falls back to root 02
    assert tx.cameo_to_plover("010") is None  # public statements have no PLOVER type
    with pytest.raises(DataError):
        tx.cameo_to_plover("abc")


def test_plover_to_cameo_and_back_agree_for_every_sub_event() -> None:
    assert tx.plover_to_cameo("ASSAULT", "heavy-weapons") == "19"
    assert tx.plover_to_cameo("ASSAULT", "unconventional") == "20"
    assert tx.plover_to_cameo("ASSAULT") == "18"
    assert tx.plover_to_cameo("protest") == "14"
    assert tx.plover_to_cameo("NOT_A_TYPE") is None
    assert tx.plover_to_cameo(None) is None
    names = {p.name for p in tx.plover_types()}
    assert len(names) == 16
    for sub in tx.sub_event_types():
        if sub.plover_type is None:
            continue
        assert sub.plover_type in names
        modes = dict(next(p for p in tx.plover_types() if p.name == sub.plover_type).modes)
        assert sub.plover_mode is None or sub.plover_mode in modes, sub.name
        root = tx.cameo_to_plover(sub.cameo_root)
        assert root is not None and root[0] in names
    assert set(tx.cameo_roots()) == {f"{i:02d}" for i in range(1, 21)}


def test_fatality_rules() -> None:
    assert tx.vague_fatality_count("Dozens") == 12
    assert tx.vague_fatality_count("hundreds") == 100
    assert tx.vague_fatality_count("seven") is None
    assert tx.split_fatalities(10, 3) == [4, 3, 3]
    assert tx.split_fatalities(2, 4) == [2, 0, 0, 0]
    assert sum(tx.split_fatalities(101, 7)) == 101
    with pytest.raises(DataError):
        tx.split_fatalities(5, 0)
    assert set(tx.geo_precision_codes()) == {1, 2, 3}
    assert set(tx.time_precision_codes()) == {1, 2, 3}
    assert "fatalities_split" in tx.aggregation_rules()
