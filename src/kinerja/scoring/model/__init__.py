"""The instrument model: what an instrument is (``schema`` with its ``parts`` and ``answers``),
how it is checked (``checks``, ``base``), its exact numbers (``numbers``) and errors
(``errors``), and which of its parts each form covers (``scope``: F01 and F02). It imports
nothing else of Kinerja: the engine and the file formats build on it."""
