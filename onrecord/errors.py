"""Errors a user can act on. Each message names the input and the problem in one line."""


class OnrecordError(Exception):
    """Base class: the CLI prints ``str(error)`` on one line and exits non-zero, no traceback."""

    exit_code = 1


class InputError(OnrecordError):
    """An input could not be read as an article (missing, empty, binary, too large, no article...)."""

    exit_code = 2

    def __init__(self, source: str, problem: str):
        self.source = source
        self.problem = problem
        super().__init__(f"{source}: {problem}")


class FetchError(InputError):
    """A URL could not be fetched (offline, timeout, HTTP error)."""


class TooLongError(InputError):
    """An article's text is longer than the parser takes in one piece (spaCy's ``max_length``)."""


class ConfigError(OnrecordError):
    """A setting or option has a value onrecord cannot use."""

    exit_code = 2


class StoreError(OnrecordError):
    """The database cannot do what was asked (read-only, disk full, corrupted, locked): the input is not at fault."""

    exit_code = 1


class StoreBusy(StoreError):
    """Another writer holds the database for longer than onrecord waits; trying again later will work."""
