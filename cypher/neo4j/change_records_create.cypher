UNWIND $rows AS r
CREATE (:ChangeRecord {
    id: r.id, at: r.at, author: r.author, action: r.action, kind: r.kind, entity_id: r.entity_id,
    territories: r.territories, run: r.run, before: r.before, after: r.after, undoes: r.undoes
})
