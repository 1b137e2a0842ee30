"""Moved: publication dates are :mod:`onrecord.ingest.published`, date parsing :mod:`onrecord.text.dates`.

Kept only so that branches written before the move still import; import from the new homes.
"""

from onrecord.ingest.published import *  # noqa: F401,F403
from onrecord.ingest.published import __all__  # noqa: F401
