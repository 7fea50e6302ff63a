/// The commented configuration `segmentops init` writes. Parsing it gives exactly `SegmentOpsConfig.defaults`
/// (a test holds it to that), so every line documents the real default.
public enum DefaultConfigFile {
    public static let text = """
    # segmentops.yaml — SegmentOps configuration.
    # Every key is optional: a missing key takes the default shown here. Unknown keys are errors.

    # The behavioural features every observation carries (CSV columns), in model order.
    features:
      - credit_access_sessions      # sessions on credit-access pages this week
      - applications_submitted      # credit applications this week
      - monitoring_sessions         # credit-monitoring sessions this week
      - score_simulator_runs        # score-simulator runs this week
      - builder_product_payments    # payments on credit-builder products this week
      - open_credit_lines           # open credit lines
      - utilization_ratio           # revolving utilisation, 0–1
      - on_time_payment_rate        # share of payments on time, 0–1
      - credit_score                # bureau score
      - balance_transfer_views      # balance-transfer offer views this week
      - email_engagement_rate       # share of emails opened, 0–1
      - tenure_days                 # days since the account opened

    # The segments the model predicts a probability for.
    segments: [acquirer, builder, optimizer]

    # (true segment, predicted segment) pairs that harm the customer: credit-access offers pushed at people
    # rebuilding or managing credit.
    harm_pairs:
      - [builder, acquirer]
      - [optimizer, acquirer]

    training:
      window_days: 60          # train on labelled rows with as_of in the 60 days ending at T…
      holdout_days: 7          # …holding out the last 7 days for metrics (never trained on)
      l2: 1.0                  # L2 penalty (scikit-learn's 1/C)
      max_iterations: 1000     # L-BFGS iteration limit
      gradient_tolerance: 1.0e-6
      exclude_features: []     # features the models may not use (e.g. proxies `fairness report` flagged)

    monitoring:
      monitor_window_days: 7   # current window: the 7 days ending at T
      min_rows: 500            # fewer rows: drift status insufficient_data
      min_labelled: 300        # fewer labelled rows: no decay or guardrail verdict
      min_segment_labelled: 30 # a segment's recall is judged only with this many labels of it
      psi:
        warning: 0.1
        critical: 0.25
      feature_psi:             # per-feature bands for features that drift by construction
        tenure_days: {warning: 1.0, critical: 2.5}
      accuracy_tolerance: 0.05 # decay is significant when the Wilson upper bound < baseline − this
      max_harm_rate: 0.08      # guardrail: harm-rate Wilson lower bound above this trips
      min_recall: 0.6          # guardrail: a segment's recall upper bound below this trips
      observations_stale_days: 2
      labels_stale_days: 14

    release:
      auto_promote: true       # the supervisor promotes a candidate that passes every gate
      require_approval: false  # true: promotion needs `segmentops approve V` by another actor
      gates:
        accuracy_margin: 0.01  # candidate accuracy ≥ production − 0.01
        recall_floor: 0.6      # every segment's recall ≥ 0.6
        max_harm_rate: 0.08    # harm rate ≤ 0.08…
        harm_margin: 0.005     # …and ≤ production's + 0.005
        log_loss_tolerance: 0.05  # log-loss at most 5% worse
        segment_mix_psi: 0.25  # predicted segment mix of candidate vs production
        min_rows: 500          # fewer labelled rows: inconclusive
        min_segment_rows: 50   # fewer labelled rows of any segment: inconclusive
        window_days: 0         # 0 = compare on the candidate's holdout window
      remedial:                # while production itself fails: promote a candidate significantly better on the
        enabled: true          # same rows (McNemar's exact test), even if it still misses an absolute gate
        alpha: 0.05
      challengers:             # while AccuracyDecay or the guardrail fires, also train on recent data
        enabled: true
        windows: [14, 28]      # training days of each challenger
        half_life_days: 7      # recency weights (0 = none)
        holdout_days: 3        # the newest days, held out: every candidate is compared on them

    alerting:
      rules_dir: Alerts        # one YAML rule per file (relative to this file)
      runbooks_dir: Runbooks
      runbook_base_url: ""     # e.g. https://git.example.com/segmentops/blob/main/ ; empty = file path
      external_url: http://127.0.0.1:8080
      repeat_interval: {critical: 4h, warning: 24h, info: 24h}
      flap: {window: 1h, max_changes: 4}
      delivery:
        connect_timeout: 5s
        timeout: 15s
        backoff_base: 2s
        backoff_cap: 5m
        give_up_after: 24h
      receivers: []
      # receivers:
      #   - name: oncall
      #     type: webhook            # webhook | slack | pagerduty | alertmanager
      #     url: http://127.0.0.1:9099/hook
      #     secret: whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw   # webhook only; or secret_env: VAR
      #     severities: [critical, warning]
      #   - name: pager
      #     type: pagerduty
      #     url: https://events.pagerduty.com/v2/enqueue
      #     routing_key_env: PAGERDUTY_ROUTING_KEY
      #     severities: [critical]

    supervisor:
      timezone: UTC
      schedule:
        retrain: "0 2 * * *"   # nightly retrain
        monitor: "0 * * * *"   # hourly monitors
        watchdog: "* * * * *"  # heartbeat for an external dead-man's switch
      retrain_grace: 3h        # RetrainMissed when a scheduled retrain has not completed by then

    segment_tracking:          # confirmed segments: change only on sustained evidence (CUSUM, see README)
      provisional_observations: 2  # a new customer is provisional until this many observations
      allowance: 1.0           # k: log-odds below this per observation never accumulate
      flag_threshold: 1.5      # evidence for a runner-up → segment.transition_started
      confirm_threshold: 3.0   # evidence → segment.changed
      storm_share: 0.05        # a night changing more than 5% of customers is held (SegmentChangeStorm)
      churn_alert_share: 0.05  # SegmentChurnHigh: weekly confirmed churn above this while the mix is stable
      feed:
        batch_size: 500        # events per NDJSON delivery
        source: urn:segmentops:segments   # CloudEvents source
        destinations: []
        # destinations:
        #   - name: crm
        #     url: https://crm.example.com/segmentops/events
        #     secret_env: SEGMENTOPS_FEED_SECRET   # Standard Webhooks signature (or secret: whsec_…)
      treatment:
        policy: weighted       # weighted | dominant_probe
        zone_top_probability: 0.6  # transition zone: top probability below this,
        zone_margin: 0.2       # or margin below this, or an open transition flag
        probe_period_days: 30  # dominant_probe: one probe of the runner-up per period

    fairness:                  # the fair-lending audit: `segmentops fairness report` and the release gate
      gate: true               # the fairness gate runs once protected attributes are ingested
      monitor: true            # the monitor pass checks production (FairnessDisparity)
      outcomes:                # what assignment to a segment means: favourable | adverse | neutral (not gated)
        optimizer: favourable  # routes to premium credit offers
      window_days: 7           # population: each customer's newest observation in these days
      air_threshold: 0.8       # four-fifths rule on the adverse impact ratio
      alpha: 0.05              # significance (Holm-adjusted across cells)
      min_group_size: 100      # smaller groups are not judged (inconclusive)
      worsening: 0.05          # fail when a ratio is this much worse than production's, significantly
      probability_threshold: 0.8  # probability attributes (BISG): thresholded column at p ≥ 0.8
      proxy:
        smd: 0.2               # a feature whose standardised mean difference reaches this is a proxy
        auc: 0.6               # features together reveal the group (cross-validated logistic AUC)
        sample: 50000          # customers in the scan at most (an even sample; AUC within ±0.005)
        folds: 5
      # protected_names: [...] # never allowed as features; default: the ECOA characteristics (race, sex, age, …)

    database:
      url: ""                  # empty: the SQLite file (--db, SEGMENTOPS_DB, ./segmentops.db); or
                               # postgres://user:password@host:5432/segmentops, shared by several supervisors

    storage:                   # the database grows with change, not with time (`segmentops db stats`)
      score_tolerance: 0.02    # a customer's score is stored again only when the segment changes or a probability moves more
      score_retention_days: 90 # raw scores older than this are pruned nightly (each customer's newest is kept)
      observation_retention_days: 400  # observations older than this are pruned nightly (audit-log entry "prune")

    api:
      host: 127.0.0.1          # a non-loopback host needs tokens
      port: 8080
      max_body_size: 64MiB     # larger request bodies get 413 (a 100,000-row scoring batch is about 35 MiB)
      header_timeout: 10s      # request line and headers must arrive within this (408 otherwise)…
      body_timeout: 60s        # …and the body within this after the headers
      idle_timeout: 75s        # a kept-alive connection with no request for this long is closed
      tokens: []
      # tokens:
      #   - {name: ci, token_env: SEGMENTOPS_RELEASE_TOKEN, role: release-manager}  # viewer | release-manager | operator | auditor

    """
}
