"""The one edge for every incoming file: bytes in, core types out.

Every upload and every file the command line reads passes :mod:`.source` first (the single size limit
and budget :data:`.source.LIMITS`, type sniffing, decoding, the zip guard, bounded JSON and PDF text);
the readers of each format build on its tables:

- :mod:`.source` checks size and kind of the bytes (PDF, image, old XLS, zip bomb…) and turns text
  or XLSX into rows of cells with their spreadsheet positions;
- :mod:`.template` reads the data template (``Monatswerte`` and ``Stammdaten``);
- :mod:`.planning_aid` reads the BA planning aid (Planungshilfe) in its transposed layout;
- :mod:`.prices` reads a price sheet (Preisblatt);
- :mod:`.checks` holds the plausibility rules shared by every reader and the scenario file.

:func:`o7core.importing.read_data_file` picks the reader from the content.
"""
