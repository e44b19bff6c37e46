from ..results.conftest import pekppp_cycle  # noqa: F401 -- a PEKPPP cycle of four units
