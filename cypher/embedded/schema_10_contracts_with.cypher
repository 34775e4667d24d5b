CREATE REL TABLE IF NOT EXISTS CONTRACTS_WITH(FROM Organisation TO Organisation, amount DOUBLE, date DATE, object STRING, source STRING, run STRING)
