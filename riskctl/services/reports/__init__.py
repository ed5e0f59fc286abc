"""The board's documents as plain data: what each exporter (Markdown, HTML, XLSX, DOCX, CSV,
JSON) lays out, in one language.

Four reports, modelled on the appendices a board adopts (Alingsås kommun, seeds 000, 002 and
003), one module each:

- `analysis`: the risk and significance analysis (Bilaga 2, with its scale explanation and
  heat map), its table streamed from the store;
- `plan`: the internal control plan (Bilaga 1);
- `followup`: the follow-up of the plan (with the summary sentence, the sample checks and the
  four assessment colours);
- `matrix`: the heat map.

`model` holds what a report is (`Report`, `Table`, `Column`, `HeatMap`, `Legend`): the contract
the exporters in `riskctl.exporters` read. `shared` holds the pieces several reports use (the
boards covered, the band legend, the plans' decision lines); `build` builds a report by kind.
Every text in a report is translated there, at call time, so that the exporters only lay it
out. `org="all"` gives the municipality-wide view: every board, with a board column.
"""
