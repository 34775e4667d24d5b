CREATE CONSTRAINT password_link_hash IF NOT EXISTS FOR (n:PasswordLink) REQUIRE n.hash IS UNIQUE
