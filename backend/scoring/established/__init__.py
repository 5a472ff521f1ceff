"""Published comparator scores (PLCOm2012, BCRAT, APCS, aMAP) and the inputs they take.

``scores`` computes each as its authors do; ``inputs`` maps a stored assessment's answers (and a
doctor's laboratory values) to their inputs. Shown to doctors beside our own risks; pure Python.
"""
