-- A NaN weight is a load error at CREATE MODEL, naming the option.
CREATE MODEL broken WITH ('type' = 'linear_svm', 'weights' = '[1.0, .nan]');
