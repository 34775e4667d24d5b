COPY Territory FROM $rows
