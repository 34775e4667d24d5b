CREATE TEXT INDEX territory_name_key IF NOT EXISTS FOR (n:Territory) ON (n.name_key)
