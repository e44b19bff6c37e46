"""The instrument model: what an instrument is (``schema`` with its ``parts`` and ``answers``),
how it is checked (``checks``, ``base``), its exact numbers (``numbers``) and errors
(``errors``). It imports nothing else of Kinerja: the engine and the file formats build on it."""
