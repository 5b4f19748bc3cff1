"""Entry script for ``spark-submit``: determine an order book on a Spark cluster.

    spark-submit --master 'local[2]' examples/spark_submit_batch.py orders.parquet results.parquet
    spark-submit --master yarn --archives chipcontrols-env.tar.gz#env \\
        --conf spark.pyspark.python=./env/bin/python \\
        examples/spark_submit_batch.py hdfs:///books/orders.parquet hdfs:///books/results.parquet

Arguments: ORDERS RESULTS [--as-of YYYY-MM-DD] [--codified]. See docs/batch.md.
"""

import sys

from chipcontrols.batch.spark_engine import main

if __name__ == "__main__":
    sys.exit(main())
