# The Maillage API and pages; docker-compose.yml runs it against Neo4j.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md LICENSE ./
COPY graph_service ./graph_service
COPY cypher ./cypher
COPY importers ./importers
COPY visual ./visual
RUN pip install . \
    && useradd --create-home --uid 10001 maillage \
    && mkdir -p /var/lib/maillage && chown maillage /var/lib/maillage
USER maillage
ENV MAILLAGE_DB_PATH=/var/lib/maillage/maillage.lbug
EXPOSE 8000
CMD ["maillage", "serve", "--host", "0.0.0.0"]
