"""Actor packs: schema validation, lookups, matching in text, loaded terms and dated alliances."""

from __future__ import annotations

import json
import textwrap
from datetime import date
from pathlib import Path

import pytest

from frontline import settings
from frontline.actors import ActorPack, load_pack, load_pack_file
from frontline.errors import DataError, NotFoundError
from frontline.events.taxonomy import INTER_CODES

SEED_ACTORS = {
    "Syrian government forces": ("Military Forces of Syria (2000-2024)", 1),
    "Hezbollah": ("Hezbollah", 8),
    "Russia": ("Military Forces of Russia (2000-)", 8),
    "ISIS": ("Islamic State (Syria)", 2),
    "SDF": ("QSD: Syrian Democratic Forces", 2),
}


@pytest.fixture(scope="module")
def pack() -> ActorPack:
    return load_pack("syria")


def _found(pack: ActorPack, text: str, outlet: str | None = None, on: date | None = None) -> list[tuple[str, str]]:
    return [(m.text, m.actor) for m in pack.find(text, outlet=outlet, on=on)]


def test_canonical_actors_carry_acled_names_and_types(pack: ActorPack) -> None:
    for name, (acled, inter) in SEED_ACTORS.items():
        actor = pack.actor(name)
        assert (actor.acled_name, actor.inter) == (acled, inter)
    for name in ("Turkey", "US-led coalition", "Israel", "Iran", "Iraq", "HTS", "Jabhat al-Nusra",
                 "Civilians (Syria)", "Syrian opposition", "Pro-government foreign militias", "YPG", "YPJ"):
        assert pack.actor(name).name == name
    assert pack.actor("Civilians (Syria)").inter == 7
    assert all(a.inter in INTER_CODES for a in pack.actors)


def test_lookup_by_alias_is_case_insensitive_except_acronyms(pack: ActorPack) -> None:
    assert pack.actor("regime army").name == "Syrian government forces"
    assert pack.actor("syrian arab army").name == "Syrian government forces"
    assert pack.actor("Hizballah").name == "Hezbollah"
    assert pack.actor("Fatemiyoun").parent == "Pro-government foreign militias"
    assert pack.actor("Tiger Forces").parent == "Syrian government forces"
    assert pack.actor("YPG").parent == "SDF"
    with pytest.raises(NotFoundError, match="no actor 'Martians'"):
        pack.actor("Martians")


def test_seed_report_actors_are_found_with_canonical_names(pack: ActorPack) -> None:
    path = settings.get_path("shared") / "seed" / "syria-daily-2017-10-07.txt"
    if not path.exists():
        pytest.skip(f"seed report not found at {path}")
    text = path.read_text()
    found = _found(pack, text, outlet="EA WorldView")
    by_text = {t.lower(): a for t, a in found}
    assert by_text["kurdish-led force"] == "SDF"
    assert by_text["russian airstrikes"] == "Russia"
    assert by_text["russian warplane"] == "Russia"
    assert by_text["foreign militias"] == "Pro-government foreign militias"
    assert by_text["daesh"] == "ISIS"
    assert by_text["pro-assad units"] == "Syrian government forces"
    assert by_text["regime army"] == "Syrian government forces"
    assert by_text["media outlet of hezbollah"] == "Hezbollah"
    assert by_text["erdoğan"] == "Turkey"
    assert by_text["us-backed, kurdish-led syrian democratic forces"] == "SDF"
    assert {a for _, a in found} == {"Syrian government forces", "ISIS", "Turkey", "SDF", "Hezbollah",
                                      "Pro-government foreign militias", "Russia"}
    # "near the Iraq border" names a place, not an actor.
    assert "Iraq" not in {a for _, a in found}
    vias = {m.text: m.via for m in pack.find(text)}
    assert vias["pro-Assad outlets"] == "outlet"
    assert vias["Russian airstrikes"] == "demonym"


def test_find_is_leftmost_longest_and_non_overlapping(pack: ActorPack) -> None:
    text = "The US-led coalition and US forces hit ISIS; Syrian Democratic Forces advanced."
    mentions = pack.find(text)
    assert [(m.text, m.actor) for m in mentions] == [
        ("US-led coalition", "US-led coalition"),
        ("US forces", "United States"),
        ("ISIS", "ISIS"),
        ("Syrian Democratic Forces", "SDF"),
    ]
    for a, b in zip(mentions, mentions[1:]):
        assert a.end <= b.start
    for m in mentions:
        assert text[m.start : m.end] == m.text


def test_acronyms_match_only_in_capitals(pack: ActorPack) -> None:
    assert _found(pack, "IS fighters attacked.") == [("IS fighters", "ISIS")]
    assert _found(pack, "The attack is over and IS claimed it.") == [("IS", "ISIS")]
    assert _found(pack, "The SAA advanced while the saa did not.") == [("SAA", "Syrian government forces")]
    assert _found(pack, "This is it.") == []
    assert _found(pack, "Isis fighters fled Raqqa.") == [("Isis", "ISIS")]  # some papers write Isis


def test_only_common_nouns_inflect(pack: ActorPack) -> None:
    assert _found(pack, "The foreign militia withdrew.") == [("foreign militia", "Pro-government foreign militias")]
    assert _found(pack, "Russian warplanes struck.") == [("Russian warplanes", "Russia")]
    assert _found(pack, "They went far away.") == []  # not a singular of the outlet "Fars"


def test_countries_after_locative_words_are_places(pack: ActorPack) -> None:
    assert _found(pack, "Russia struck Idlib.") == [("Russia", "Russia")]
    assert _found(pack, "The convoy crossed into Turkey near the Iraq border.") == []
    assert _found(pack, "Russian-backed troops entered the town.") == []
    assert _found(pack, "Raids on Nasib at the border with Jordan.") == []


def test_terrorists_depends_on_the_outlet(pack: ActorPack) -> None:
    text = "The army killed dozens of terrorists in eastern Ghouta."
    assert _found(pack, text, outlet="SANA") == [("terrorists", "Syrian opposition")]
    assert _found(pack, text, outlet="Sputnik") == [("terrorists", "Syrian opposition")]  # Russia sides with Damascus
    assert _found(pack, text, outlet="Reuters") == []
    assert _found(pack, text) == []
    assert _found(pack, "Turkish forces neutralised 12 terrorists near Afrin.", outlet="Anadolu Agency") == [
        ("Turkish forces", "Turkey"),
        ("terrorists", "YPG"),
    ]
    # In context a government outlet's "terrorists" is the enemy named in the same sentence.
    assert _found(pack, "Army units killed Jabhat al-Nusra terrorists in Idlib.", outlet="SANA") == [
        ("Army units", "Syrian government forces"),
        ("Jabhat al-Nusra", "Jabhat al-Nusra"),
        ("terrorists", "Jabhat al-Nusra"),
    ]
    assert _found(pack, "The terrorists attacked Hajin. ISIS lost fighters.", outlet="ANHA")[0] == ("terrorists", "ISIS")
    assert _found(pack, "Turkish mercenaries shelled villages.", outlet="Hawar News Agency") == [
        ("Turkish mercenaries", "Syrian National Army")
    ]
    # Fixed pejoratives mean the same thing whoever speaks.
    assert _found(pack, "Daesh attacked.", outlet="Reuters") == [("Daesh", "ISIS")]


def test_an_outlets_house_usage_binds_only_its_own_texts(pack: ActorPack) -> None:
    text = "Clashes between the regime forces and the organization in Palmyra desert"
    assert _found(pack, text, outlet="SOHR") == [("regime forces", "Syrian government forces"), ("the organization", "ISIS")]
    assert _found(pack, text, outlet="Syrian Observatory for Human Rights")[1] == ("the organization", "ISIS")
    assert _found(pack, text, outlet="Reuters") == [("regime forces", "Syrian government forces")]
    assert _found(pack, "the factions and jihadis were killed", outlet="SOHR") == [("the factions", "Syrian opposition"), ("jihadis", "HTS")]
    # A name the pack knows wins over the house word inside it.
    assert _found(pack, "ISIS jihadists attacked", outlet="SOHR") == [("ISIS jihadists", "ISIS")]


def test_outlets_and_their_affiliations(pack: ActorPack) -> None:
    sana = pack.outlet("Syrian Arab News Agency")
    assert sana is not None and sana.name == "SANA" and sana.affiliation == "Syrian government forces"
    hezb = pack.outlet("the media outlet of Hezbollah")
    assert hezb is not None and hezb.affiliation == "Hezbollah"
    assert pack.outlet("al-Manar").affiliation == "Hezbollah"  # type: ignore[union-attr]
    assert pack.outlet("Amaq").affiliation == "ISIS"  # type: ignore[union-attr]
    assert pack.outlet("Hawar News Agency").affiliation == "SDF"  # type: ignore[union-attr]
    assert pack.outlet("https://www.aa.com.tr/en/middle-east/x").name == "Anadolu"  # type: ignore[union-attr]
    sohr = pack.outlet("Syrian Observatory for Human Rights")
    assert sohr is not None and sohr.affiliation is None and sohr.leaning == "Syrian opposition"
    reuters = pack.outlet("Reuters")
    assert reuters is not None and reuters.kind == "wire" and reuters.affiliation is None
    assert pack.outlet("Daily Planet") is None
    names = [o.outlet for o in pack.find_outlets("Reuters and SANA reported, citing the Syrian Observatory.")]
    assert names == ["Reuters", "SANA", "SOHR"]


def test_alliances_follow_dates(pack: ActorPack) -> None:
    assert pack.allied("Hezbollah", "Syrian government forces", date(2017, 10, 6))
    assert pack.allied("Russia", "Syrian government forces", date(2016, 1, 1))
    assert not pack.allied("Russia", "Syrian government forces", date(2014, 1, 1))
    assert pack.allied("Jabhat al-Nusra", "Ahrar al-Sham", date(2016, 1, 1))  # Jaish al-Fatah
    assert not pack.allied("HTS", "Ahrar al-Sham", date(2017, 8, 1))
    assert pack.allied("SDF", "US-led coalition", date(2017, 10, 6))
    assert not pack.allied("SDF", "US-led coalition", date(2014, 1, 1))
    assert pack.allied("Tiger Forces", "Hezbollah", date(2017, 10, 6))  # through the parent
    assert not pack.allied("Turkey", "SDF", date(2019, 10, 9))
    assert not pack.allied("ISIS", "Syrian government forces")
    allies = pack.allies("Hezbollah", date(2017, 10, 6))
    assert {"Syrian government forces", "Russia", "Iran", "Liwa Fatemiyoun"} <= allies
    assert "SDF" not in allies and "Hezbollah" not in allies


def test_side_is_the_coalition_leader(pack: ActorPack) -> None:
    assert pack.side("Hezbollah", date(2017, 10, 6)) == "Syrian government forces"
    assert pack.side("Liwa Fatemiyoun", date(2017, 10, 6)) == "Syrian government forces"
    assert pack.side("Tiger Forces") == "Syrian government forces"
    assert pack.side("YPJ") == "SDF"
    assert pack.side("Syrian National Army", date(2019, 10, 9)) == "Turkey"
    assert pack.side("Jabhat al-Nusra", date(2016, 1, 1)) == "HTS"
    assert pack.side("Civilians (Syria)") == "Civilians (Syria)"


def test_renames_and_dated_acled_names(pack: ActorPack) -> None:
    assert pack.resolve("Nusra Front", date(2019, 5, 1)) == "HTS"
    assert pack.resolve("Nusra Front", date(2015, 5, 1)) == "Jabhat al-Nusra"
    assert pack.acled_name("Jabhat Fateh al-Sham", date(2016, 9, 1)) == "Jabhat Fateh al Sham"
    assert pack.acled_name("US forces", date(2015, 1, 1)) == "Military Forces of the United States (2009-2017)"
    assert pack.acled_name("US forces", date(2018, 1, 1)) == "Military Forces of the United States (2017-2021)"
    assert pack.acled_name("Tiger Forces") == "Military Forces of Syria (2000-2024)"


def test_load_pack_is_cached_and_unknown_theatre_is_not_found() -> None:
    assert load_pack("syria") is load_pack("syria")
    with pytest.raises(NotFoundError, match="no actor pack for theatre 'atlantis'"):
        load_pack("atlantis")


GOOD_PACK = """
theatre: testland
actors:
  - name: Blue army
    acled_name: Military Forces of Testland (2000-)
    inter: 1
    kind: state
    plover_sector: Military
    country: TL
    aliases: [blues, BA]
  - name: Red front
    acled_name: Red Front
    inter: 2
    kind: rebel
    plover_sector: Rebel
    aliases: [reds]
outlets:
  - {name: Blue TV, kind: state, affiliation: Blue army}
coalitions:
  - name: Blues
    leader: Blue army
    members: [{actor: Blue army, from: 2001-01-01}]
context_terms:
  - terms: [bandits]
    readings: [{speakers: [Blue army], actor: Red front}]
  - terms: [the outfit]
    readings: [{outlets: [Blue TV], actor: Red front}]
"""


def test_user_pack_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "testland.yaml"
    path.write_text(GOOD_PACK)
    pack = load_pack_file(path)
    assert pack.theatre == "testland"
    assert _found(pack, "The blues chased the bandits.", outlet="Blue TV") == [("blues", "Blue army"), ("bandits", "Red front")]
    assert _found(pack, "The blues chased the bandits.") == [("blues", "Blue army")]
    assert _found(pack, "The outfit fled.", outlet="Blue TV") == [("The outfit", "Red front")]
    assert _found(pack, "The outfit fled.") == []


@pytest.mark.parametrize(
    ("change", "field"),
    [
        (("inter: 2", "inter: eleven"), "actors[1] (Red front).inter"),
        (("kind: rebel", "kind: pirate"), "actors[1] (Red front).kind"),
        (("members: [{actor: Blue army, from: 2001-01-01}]", "members: [{actor: Blue army, from: 1 Jan 2001}]"),
         "coalitions[0] (Blues).members[0].from"),
        (("affiliation: Blue army", "affiliation: Green army"), "outlets[0].affiliation"),
        (("aliases: [reds]", "aliases: [blues]"), "actors[1] (Red front).aliases"),
        (("    acled_name: Red Front\n", ""), "actors[1] (Red front)"),
        (("outlets: [Blue TV]", "outlets: [Green TV]"), "context_terms[1].readings[0].outlets"),
    ],
)
def test_broken_pack_names_file_and_field(tmp_path: Path, change: tuple[str, str], field: str) -> None:
    old, new = change
    assert old in GOOD_PACK
    path = tmp_path / "broken.yaml"
    path.write_text(GOOD_PACK.replace(old, new))
    with pytest.raises(DataError) as info:
        load_pack_file(path)
    message = str(info.value)
    assert str(path) in message
    assert field in message


def test_unreadable_pack_files(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot be read"):
        load_pack_file(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("theatre: [unclosed\n")
    with pytest.raises(DataError, match="not valid YAML"):
        load_pack_file(bad)


def test_shipped_schema_is_valid_json_schema() -> None:
    import jsonschema
    from importlib import resources

    schema = json.loads(resources.files("frontline.actors").joinpath("pack.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)


def test_pack_has_no_dead_ends(pack: ActorPack) -> None:
    names = {a.name for a in pack.actors}
    for outlet in pack.outlets:
        assert outlet.affiliation is None or outlet.affiliation in names
    assert len(pack.outlets) >= 40
    assert len(pack.actors) >= 40
    long_text = textwrap.dedent(
        """
        Hezbollah and Iraqi militias such as al-Nujaba, Afghan Fatemiyoun and Pakistani Zainabiyoun
        fought alongside the Tiger Forces, the Republican Guard, the 4th Division and the NDF.
        HTS, Ahrar al-Sham, Jaish al-Islam, the NLF and the FSA held out against Russian jets.
        The TSK and the SNA attacked the YPG and YPJ, while Israeli jets struck the IRGC.
        """
    )
    found = {a for _, a in _found(pack, long_text)}
    assert found >= {
        "Hezbollah", "Harakat al-Nujaba", "Liwa Fatemiyoun", "Liwa Zainabiyoun", "Tiger Forces",
        "Republican Guard", "4th Armoured Division", "NDF", "HTS", "Ahrar al-Sham", "Jaish al-Islam",
        "NLF", "FSA", "Russia", "Turkey", "Syrian National Army", "YPG", "YPJ", "Israel", "IRGC",
    }


def test_seed_gold_actor_aliases_all_resolve(pack: ActorPack) -> None:
    from frontline.actors import evaluate

    shared = settings.get_path("shared")
    if not (shared / "seed" / "gold.json").exists():
        pytest.skip("seed gold not found")
    report = evaluate.seed_actors(pack, shared / "seed/gold.json", shared / "seed/syria-daily-2017-10-07.txt")
    assert report.unresolved == ()
    assert report.aliases_resolved == report.aliases > 20
    assert report.missed_actors == () and report.extra_actors == ()
    assert report.acled_names_agree == report.acled_names_checked


def test_cli_find_show_and_check(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from frontline.cli.main import build_cli

    runner = CliRunner()
    cli = build_cli()
    result = runner.invoke(cli, ["actors", "find", "-", "--outlet", "SANA", "--format", "json"],
                           input="The army killed terrorists near Douma.")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {"start": 16, "end": 26, "text": "terrorists", "actor": "Syrian opposition", "via": "pejorative"}
    ]
    result = runner.invoke(cli, ["actors", "show", "Hizbullah", "--date", "2017-10-06"])
    assert result.exit_code == 0 and "side         Syrian government forces" in result.output
    good = tmp_path / "testland.yaml"
    good.write_text(GOOD_PACK)
    result = runner.invoke(cli, ["actors", "check", str(good)])
    assert result.exit_code == 0 and "2 actors" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD_PACK.replace("inter: 2", "inter: 9"))
    result = runner.invoke(cli, ["actors", "check", str(bad)])
    assert result.exit_code == DataError.exit_code
    assert "actors[1] (Red front).inter" in result.output


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("the factions attacked a checkpoint", "Syrian opposition"),
        ("IS group fighters withdrew", "ISIS"),
        ("militiamen loyal to the regime advanced", "Syrian government forces"),
        ("Soldiers loyal to the Syrian government seized the town", "Syrian government forces"),
        ("the Asayish arrested two men", "YPG"),
        ("loyalists shelled the village", "Syrian government forces"),
    ],
)
def test_monitor_style_names_resolve(text: str, actor: str) -> None:
    found = load_pack("syria").find(text)
    assert found and found[0].actor == actor, found
