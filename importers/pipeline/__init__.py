"""What every importer shares: reading any table file (:mod:`~importers.pipeline.reading`: CSV in
any Western encoding, JSON Lines, xlsx, xls, ods, Parquet, zip archives) and mapping its headers by
aliases (:mod:`~importers.pipeline.headers`)."""
