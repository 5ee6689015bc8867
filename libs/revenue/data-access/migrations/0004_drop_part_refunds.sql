-- revenue.adjustments (0003) records every refunded share, with its code and authority, where part_refunds kept
-- only the shares another treasury keeps; the remittance and the reports read adjustments now. Dropped before
-- any treasury ran on it: its rows lack the code and authority an adjustment needs.
DROP TABLE "revenue"."part_refunds" CASCADE;
