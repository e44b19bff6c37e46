"""The unit directory: the pages where an organiser reads and keeps their government's regions
and units.

They sit above the tenant scope (``kinerja.tenancy``), which itself reads the unit tree of
``kinerja.units``: the units app holds the models, services and imports, this app the pages. The
URLs keep the ``units`` namespace (``units:regions``, ``units:detail``, …) and the permissions
their ``units.*`` names: they name what is shown, whichever app shows it.
"""
