COPY Alliance FROM $rows
