CALL table_info('ImportRun') RETURN name
