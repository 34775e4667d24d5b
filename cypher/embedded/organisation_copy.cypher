COPY Organisation FROM $rows
