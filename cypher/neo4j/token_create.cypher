CREATE (:ApiToken {
    id: $id, name: $name, hash: $hash, scope: $scope, owner: $owner, created: $created, revoked: false,
    expires: CASE WHEN $has_expiry THEN $expires ELSE NULL END
})
