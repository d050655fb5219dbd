/* xent--1.1--1.2.sql: a binary classifier's scoreboard, error bars, calibration, token log-likelihood, histogram comparisons and information in columns */

-- complain if script is sourced in psql, rather than via ALTER EXTENSION
\echo Use "ALTER EXTENSION xent UPDATE TO '1.2'" to load this file. \quit

-- ======================================================================
-- Error bars: loss_state v2 keeps the second moments (Uncertainty)
-- ======================================================================


-- ======================================================================
-- Scoring a binary classifier: binary_state
-- ======================================================================


-- ======================================================================
-- Calibration: calibration_state
-- ======================================================================


-- ======================================================================
-- Language models: token log-likelihood
-- ======================================================================


-- ======================================================================
-- Comparing histograms
-- ======================================================================


-- ======================================================================
-- Information in columns: freq_state and joint_freq_state
-- ======================================================================

