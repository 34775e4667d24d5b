CALL apoc.util.sleep($milliseconds)
