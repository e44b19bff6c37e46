"""Instrument files: YAML (``yaml_file``), the shipped library of YAML files (``library``) and
the XLSX authoring workbook (``xlsx``). Each reads into and writes from the ``model``."""
