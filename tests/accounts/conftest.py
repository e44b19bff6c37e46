"""Cycles for the first-login and caching tests, borrowed from the apps that own them."""

from ..cycles.conftest import cycle, ekk_version, yogya_units  # noqa: F401
from ..results.conftest import pekppp_cycle  # noqa: F401
