"""Incidents as data: the schema, readers for each input format, enrichment and exports."""
