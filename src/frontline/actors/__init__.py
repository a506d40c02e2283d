"""Actors: canonical actors, outlets and coalitions per theatre, and finding them in text."""

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
    "available_theatres",
    "load_pack",
    "load_pack_file",
    "parse_pack",
]
