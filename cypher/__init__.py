"""Cypher statements, one per file, in one folder per dialect (``embedded``, ``neo4j``).

Load them by name with :func:`graph_service.store.cypher.load_query`.
"""
