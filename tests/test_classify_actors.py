"""Actor features of the snippet classifier: forces read through an actor pack, and ACLED's actor rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from frontline.actors import ActorPack, load_pack_file
from frontline.errors import DataError
from frontline.events.classify import (
    GOV_REGAINS,
    NON_STATE_OVERTAKES,
    territorial_by_actor,
)
from frontline.events.classify_actors import force_mentions, parse_terms, read_actors

PACK = """
theatre: testland
countries: [TL]
actors:
  - {name: Blue army, acled_name: Military Forces of Testland, inter: 1, kind: state, plover_sector: Military,
     country: TL, aliases: [blue army, blue troops]}
  - {name: Grey militia, acled_name: Grey Militia, inter: 3, kind: militia, plover_sector: Militia, country: TL,
     aliases: [grey militia]}
  - {name: Red front, acled_name: Red Front, inter: 2, kind: rebel, plover_sector: Rebel, country: TL,
     aliases: [red front]}
  - {name: Northland, acled_name: Military Forces of Northland, inter: 8, kind: external, plover_sector: Military,
     country: NL, aliases: [northland forces]}
outlets: []
coalitions:
  - {name: Blues, leader: Blue army, members: [{actor: Blue army}, {actor: Grey militia}]}
context_terms: []
"""


@pytest.fixture(scope="module")
def pack(tmp_path_factory: pytest.TempPathFactory) -> ActorPack:
    path: Path = tmp_path_factory.mktemp("packs") / "testland.yaml"
    path.write_text(PACK)
    return load_pack_file(path)


def _forces(text: str, pack: ActorPack) -> list[tuple[str, str]]:
    return [(m.text, m.force) for m in force_mentions(text, [pack])]


def test_pack_actors_are_typed_as_forces_by_inter_country_and_alliance(pack: ActorPack) -> None:
    text = "Blue troops, the Grey militia, the Red front and Northland forces met."
    assert _forces(text, pack) == [("Blue troops", "state"), ("Grey militia", "affiliate"),
                                   ("Red front", "nonstate"), ("Northland forces", "foreign")]


def test_generic_words_fill_in_where_no_pack_names_the_span(pack: ActorPack) -> None:
    assert _forces("Jihadists attacked the soldiers.", pack) == [("Jihadists", "nonstate"), ("soldiers", "state")]
    # A pack's longer name wins over the generic word inside it.
    assert _forces("Blue troops advanced.", pack) == [("Blue troops", "state")]


def test_the_agent_is_the_force_before_the_act_not_the_one_it_was_taken_from(pack: ActorPack) -> None:
    reading = read_actors("Northland forces captured the village from the Blue army.", force_mentions(
        "Northland forces captured the village from the Blue army.", [pack]))
    assert (reading.agent, reading.loser) == ("foreign", "state")
    text = "The Blue army, backed by Northland forces, recaptured the town."
    assert read_actors(text, force_mentions(text, [pack])).agent == "state"
    text = "The town fell to the Red front after the Blue army withdrew."
    assert read_actors(text, force_mentions(text, [pack])).agent == "nonstate"


def test_no_territorial_act_means_no_agent(pack: ActorPack) -> None:
    text = "The Red front carried out attacks against the Blue army."
    assert read_actors(text, force_mentions(text, [pack])).agent is None


def test_acled_actor_rule_decides_between_the_territorial_types() -> None:
    # Foreign state forces taking ground abroad is "non-state actor overtakes"; the state's own, "regains".
    assert territorial_by_actor("Russian forces captured the village.", GOV_REGAINS) == NON_STATE_OVERTAKES
    assert territorial_by_actor("Government troops recaptured the village.", NON_STATE_OVERTAKES) == GOV_REGAINS
    assert territorial_by_actor("Rebels seized the town.", GOV_REGAINS) == NON_STATE_OVERTAKES
    # Other labels, and snippets naming no force, are left alone.
    assert territorial_by_actor("Government troops recaptured the village.", "ARMED_CLASH") == "ARMED_CLASH"
    assert territorial_by_actor("The village changed hands.", GOV_REGAINS) == GOV_REGAINS


def test_bad_actor_terms_are_refused() -> None:
    with pytest.raises(DataError, match="must be one of"):
        parse_terms({"pirates": ["corsairs"]})
