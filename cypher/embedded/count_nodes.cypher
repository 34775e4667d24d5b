MATCH (n)
WHERE label(n) IN ['Organisation', 'Territory', 'Alliance']
RETURN label(n) AS name, count(*) AS total
