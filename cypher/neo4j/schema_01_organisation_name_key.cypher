CREATE TEXT INDEX organisation_name_key IF NOT EXISTS FOR (n:Organisation) ON (n.name_key)
