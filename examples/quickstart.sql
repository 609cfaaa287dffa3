-- Sluice quickstart: a generated stream of orders, cleaned and summarised in SQL.
-- Run it with:  ./sluice run examples/quickstart.sql

CREATE TABLE orders (
  order_id    BIGINT,
  customer_id INT,
  amount      DOUBLE,
  ts          TIMESTAMP(3)
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '10000',
  'fields.order_id.kind' = 'sequence', 'fields.order_id.start' = '1', 'fields.order_id.end' = '10000',
  'fields.customer_id.kind' = 'random', 'fields.customer_id.min' = '1', 'fields.customer_id.max' = '50',
  'fields.amount.kind' = 'random', 'fields.amount.min' = '1', 'fields.amount.max' = '500',
  'seed' = '7'
);

-- Preprocess (label refunds, round amounts) and aggregate per customer: the top five spenders.
SELECT customer_id,
       COUNT(*)                                                  AS orders,
       ROUND(SUM(amount), 2)                                     AS revenue,
       ROUND(AVG(amount), 2)                                     AS avg_order,
       SUM(CASE WHEN MOD(order_id, 20) = 0 THEN 1 ELSE 0 END)    AS refunds
FROM orders
WHERE amount >= 5
GROUP BY customer_id
ORDER BY revenue DESC
LIMIT 5;
