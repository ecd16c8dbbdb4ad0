# time_to_train_job2.gp - distribution of one job's time to train (fleetsim 0.1.0)
#
# Draws time_to_train_job2.png/.svg/.pdf from the data beside it. Restyle freely, then
# run in this folder:   gnuplot time_to_train_job2.gp
# or for one format:    gnuplot -e "fmt='pdf'" time_to_train_job2.gp
# Colours: Okabe-Ito (colour-blind safe). Sizes: 1600x900 px at font 20.

if (!exists("fmt")) fmt = 'png svg'

do for [f in fmt] {
    reset
    if (f eq 'png') { set terminal pngcairo noenhanced size 1600,900 font 'Sans,20' pointscale 1.4 background '#ffffff' }
    if (f eq 'svg') { set terminal svg noenhanced size 1600,900 fixed font 'Sans,20' fontscale 1.3 background '#ffffff' }
    if (f eq 'pdf') { set terminal pdfcairo noenhanced size 16in,9in font 'Sans,20' fontscale 0.7 linewidth 2 pointscale 1.4 background '#ffffff' }
    set output 'time_to_train_job2.'.f
    set title font ',24'
    set border 3 lw 1.5
    set xtics nomirror out
    set ytics nomirror out
    set grid ytics lt 1 lw 1 lc rgb '#d9d9d9'
    set key noautotitle
    set label 100 'fleetsim 0.1.0, seed 5, 10 replicates' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set title 'censored: time to train (compute) of finetune'."\n".'P(finish) = 0 % (0 of 10 replicates), wait before start P50 >0.2 d, mean 0.2 d'
    set bmargin 5
    set label 1 'No replicate of finetune finished within the horizon (6.75 days).' at graph 0.5, graph 0.5 center
    set xrange [0:1]
    set yrange [0:1]
    unset xtics
    unset ytics
    unset grid
    plot 2
    set output
}
