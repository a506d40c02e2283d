"""Actors: canonical actors, outlets and coalitions per theatre, and finding them in text."""

from frontline.actors.detect import (
    TheatreVote,
    detect_theatre,
    pack_for_text,
    theatre_setting,
    theatre_votes,
)
from frontline.actors.pack import (
    AcledPeriod,
    Actor,
    ActorMention,
    ActorPack,
    Coalition,
    ContextTerm,
    Membership,
    Outlet,
    OutletMention,
    Reading,
    available_theatres,
    load_pack,
    load_pack_file,
    parse_pack,
)

__all__ = [
    "AcledPeriod",
    "Actor",
    "ActorMention",
    "ActorPack",
    "Coalition",
    "ContextTerm",
    "Membership",
    "Outlet",
    "OutletMention",
    "Reading",
    "TheatreVote",
    "available_theatres",
    "detect_theatre",
    "load_pack",
    "load_pack_file",
    "pack_for_text",
    "parse_pack",
    "theatre_setting",
    "theatre_votes",
]
