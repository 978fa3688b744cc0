"""Adapters that run cleantext inside existing data engines (Ray Data, datatrove).

Each engine is an optional extra (``pip install 'cleantext-web[ray]'``,
``'cleantext-web[datatrove]'``), so nothing here is imported by
``import cleantext``: import ``cleantext.engines.ray`` or
``cleantext.engines.datatrove`` explicitly. The adapters only move records
in and out of the engine; the cleaning itself is :func:`cleantext.records.clean_record`,
the function the local command line runs, so every engine writes the same records.
"""
