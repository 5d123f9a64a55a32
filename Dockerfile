# synap-webhooks: multi-stage image. The build step is the same command .ci/run exercises.
FROM swift:6.3.1-noble AS build
WORKDIR /src
COPY Package.swift ./
COPY Sources ./Sources
COPY scripts/build-release ./scripts/build-release
RUN scripts/build-release \
    && install -m 0755 "$(swift build -c release --show-bin-path)/synap-webhooks" /usr/local/bin/synap-webhooks

FROM swift:6.3.1-noble-slim
LABEL org.opencontainers.image.title="synap-webhooks" \
      org.opencontainers.image.description="Self-hosted receiver for Synap webhooks"
# tini (Debian's package, via Ubuntu) runs as PID 1: it reaps orphaned children of exec handlers
# and passes SIGTERM on to the receiver. The version is the one the base image's release ships.
# hadolint ignore=DL3008
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --home-dir /var/lib/synap-webhooks --shell /usr/sbin/nologin synap \
    && mkdir -p /etc/synap-webhooks /var/lib/synap-webhooks \
    && chown synap:synap /var/lib/synap-webhooks \
    && chmod 0700 /var/lib/synap-webhooks
COPY --from=build /usr/local/bin/synap-webhooks /usr/local/bin/synap-webhooks
COPY config.example.json /etc/synap-webhooks/config.json
# The example configuration's exec handler runs ./examples/on-exam-completed.sh from the working
# directory, which is read-only to the receiver; the script writes under EXAM_RESULTS_DIR.
COPY examples /usr/share/synap-webhooks/examples
WORKDIR /usr/share/synap-webhooks
# Settings as containers expect them (docker run -e ...); a command-line option overrides each.
# Relative secret files, like the example's password file, are created in the data volume on the
# first start.
ENV SYNAP_WEBHOOKS_CONFIG=/etc/synap-webhooks/config.json \
    SYNAP_WEBHOOKS_HOST=0.0.0.0 \
    SYNAP_WEBHOOKS_PORT=8080 \
    SYNAP_WEBHOOKS_DATA_DIR=/var/lib/synap-webhooks \
    EXAM_RESULTS_DIR=/var/lib/synap-webhooks/exam-completed
USER 10001:10001
VOLUME ["/etc/synap-webhooks", "/var/lib/synap-webhooks"]
EXPOSE 8080
# The health check follows SYNAP_WEBHOOKS_PORT, hence a shell.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["/bin/sh", "-c", "exec synap-webhooks probe --url \"http://127.0.0.1:${SYNAP_WEBHOOKS_PORT}/healthz\""]
ENTRYPOINT ["/usr/bin/tini", "--", "synap-webhooks"]
CMD ["serve"]
