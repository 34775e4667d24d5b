CREATE TEXT INDEX alliance_name_key IF NOT EXISTS FOR (n:Alliance) ON (n.name_key)
