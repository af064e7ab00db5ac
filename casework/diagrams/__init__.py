"""The family drawn (issue 17): a genogram and an ecomap, laid out and drawn as accessible SVG
on the server. `layout` is pure geometry on plain data (no Django); `svg` turns a layout into
SVG text; casework.queries.diagrams gathers the data from the record."""
