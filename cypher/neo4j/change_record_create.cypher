CREATE (:ChangeRecord {
    id: $id, at: $at, author: $author, action: $action, kind: $kind, entity_id: $entity_id,
    territories: $territories, run: $run, before: $before, after: $after, undoes: $undoes
})
