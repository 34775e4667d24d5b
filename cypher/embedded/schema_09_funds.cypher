CREATE REL TABLE IF NOT EXISTS FUNDS(FROM Organisation TO Organisation, amount DOUBLE, date DATE, object STRING, source STRING, run STRING)
