"""Reads of the reviews shared by pages and services: ``f02`` (visibility of the other
evaluators' scores, the worklist, the overview, the review page) and ``plenary`` (the plenary
grid with its statistics)."""
