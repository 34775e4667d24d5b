CREATE (:Account {
    email: $email, id: $id, role: $role, territories: $territories, created: $created, password_hash: ''
})
