"""One exception hierarchy for the whole package; the CLI and the API translate it at the edge."""

from __future__ import annotations


class FrontlineError(Exception):
    """Base of every error frontline raises on purpose; its message is shown to the user as is."""

    exit_code = 1
    http_status = 400
    code = "error"


class InputError(FrontlineError):
    """An input (file, URL, line of JSON) cannot be read as a report."""

    exit_code = 2
    code = "bad_input"


class FetchError(InputError):
    """A URL could not be fetched or did not return a readable page."""

    code = "fetch_failed"


class NotFoundError(FrontlineError):
    """Something asked for by name or id does not exist."""

    exit_code = 3
    http_status = 404
    code = "not_found"


class ConfigError(FrontlineError):
    """A setting, data file or resource (database, gazetteer index, model) is missing or invalid."""

    exit_code = 4
    http_status = 500
    code = "config_error"


class StoreError(FrontlineError):
    """The database could not be opened, migrated or written."""

    exit_code = 5
    http_status = 500
    code = "store_error"


class DataError(FrontlineError):
    """A shipped or user-supplied data file (actor pack, supplement, gazetteer dump) is invalid."""

    exit_code = 4
    code = "data_error"
