ALTER TABLE Organisation ADD IF NOT EXISTS dissolved DATE
