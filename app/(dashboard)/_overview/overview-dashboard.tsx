"use client";
// The overview (DESIGN "pages ops open in the morning and on-call opens at 3 am"): headline figures,
// then relay share, transport mix, bandwidth, latency, call setup, open alerts and data freshness,
// all for the range and filters in the URL.
import { ChartCard } from "../ui/chart-card";
import { FilterBar } from "../ui/filter-bar";
import { BandwidthCard } from "./bandwidth-card";
import { CallSetupCard } from "./call-setup-card";
import { FreshnessCard } from "./freshness-card";
import { HeadlineStats } from "./headline-stats";
import { LatencyCard } from "./latency-card";
import { RelayShareCard } from "./relay-share-card";
import { TransportCard } from "./transport-card";
import { useFilterOptions } from "./use-overview";

export function OverviewDashboard() {
  const options = useFilterOptions();
  return (
    <div className="dashboard">
      <h1>Overview</h1>
      <FilterBar options={options.data} />
      <HeadlineStats />
      <div className="dash-grid">
        <RelayShareCard />
        <TransportCard />
        <BandwidthCard />
        <LatencyCard />
        <CallSetupCard />
        <ChartCard
          title="Open alerts"
          toggle={false}
          unavailable="Not available yet: needs the alerts feature, which is not installed in this version."
        />
        <FreshnessCard />
      </div>
    </div>
  );
}
