# The production image: assets built with Node, the app served by gunicorn.
FROM node:20-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend frontend
COPY static static
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=send_portal.settings.prod
RUN apt-get update && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY requirements.lock ./
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
COPY --from=assets /app/static/build static/build
# Settings come from the container's environment (docker-compose's env_file), never from a .env
# that happened to be in the build folder (the production settings would read it).
RUN rm -f .env \
    && SECRET_KEY=build-only-collectstatic-key-not-used-at-run-time-0123456789 \
    ALLOWED_HOSTS=localhost python manage.py collectstatic --noinput \
    && useradd --system --uid 1000 send && mkdir -p /app/var && chown send /app/var
USER send
EXPOSE 8000
CMD ["gunicorn", "send_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
