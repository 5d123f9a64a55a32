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
RUN useradd --system --uid 10001 --home-dir /var/lib/synap-webhooks --shell /usr/sbin/nologin synap \
    && mkdir -p /etc/synap-webhooks /var/lib/synap-webhooks \
    && chown synap:synap /var/lib/synap-webhooks \
    && chmod 0700 /var/lib/synap-webhooks
COPY --from=build /usr/local/bin/synap-webhooks /usr/local/bin/synap-webhooks
COPY config.example.json /etc/synap-webhooks/config.json
# The example configuration's exec handler runs ./examples/on-exam-completed.sh.
COPY examples /usr/share/synap-webhooks/examples
WORKDIR /usr/share/synap-webhooks
USER 10001:10001
VOLUME ["/etc/synap-webhooks", "/var/lib/synap-webhooks"]
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
    CMD ["synap-webhooks", "probe", "--url", "http://127.0.0.1:8080/healthz"]
ENTRYPOINT ["synap-webhooks"]
CMD ["serve", "--config", "/etc/synap-webhooks/config.json", "--host", "0.0.0.0", "--data-dir", "/var/lib/synap-webhooks"]
