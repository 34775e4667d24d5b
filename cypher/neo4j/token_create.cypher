CREATE (:ApiToken {id: $id, name: $name, hash: $hash, scope: $scope, created: $created, revoked: false})
