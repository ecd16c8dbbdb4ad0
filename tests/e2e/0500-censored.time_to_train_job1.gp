# time_to_train_job1.gp - distribution of one job's time to train (fleetsim 0.1.0)
#
# Draws time_to_train_job1.png/.svg/.pdf from the data beside it. Restyle freely, then
# run in this folder:   gnuplot time_to_train_job1.gp
# or for one format:    gnuplot -e "fmt='pdf'" time_to_train_job1.gp
# Colours: Okabe-Ito (colour-blind safe). Sizes: 1600x900 px at font 20.

if (!exists("fmt")) fmt = 'png svg'

do for [f in fmt] {
    reset
    if (f eq 'png') { set terminal pngcairo noenhanced size 1600,900 font 'Sans,20' pointscale 1.4 background '#ffffff' }
    if (f eq 'svg') { set terminal svg noenhanced size 1600,900 fixed font 'Sans,20' fontscale 1.3 background '#ffffff' }
    if (f eq 'pdf') { set terminal pdfcairo noenhanced size 16in,9in font 'Sans,20' fontscale 0.7 linewidth 2 pointscale 1.4 background '#ffffff' }
    set output 'time_to_train_job1.'.f
    set title font ',24'
    set border 3 lw 1.5
    set xtics nomirror out
    set ytics nomirror out
    set grid ytics lt 1 lw 1 lc rgb '#d9d9d9'
    set key noautotitle
    set label 100 'fleetsim 0.1.0, seed 5, 10 replicates' at screen 0.99, screen 0.015 right font ',15' tc rgb '#555555'
    set title 'censored: time to train (compute) of pretrain'."\n".'P(finish) = 40 % (4 of 10 replicates), wait before start P50 0.0 d, mean 0.0 d'
    set bmargin 5
    set xlabel 'Time to train (days of compute, first start to finish)'
    set ylabel 'Replicates'
    set xrange [6.56586:6.67517]
    set yrange [0:8]
    set style fill solid 0.85 border lc rgb '#ffffff'
    set arrow 1 from 6.57757, graph 0 to 6.57757, graph 0.98 nohead lw 2 dt (6,4) lc rgb '#000000' front
    set label 1 'P5 6.5776 d' at 6.57757, graph 0.95 left offset 0.5,0 front
    set arrow 2 from 6.66187, graph 0 to 6.66187, graph 0.98 nohead lw 2.5 dt 1 lc rgb '#000000' front
    set label 2 'P50 >6.7500 d' at 6.66187, graph 0.95 right offset -0.5,0 front
    set arrow 3 from 6.66187, graph 0 to 6.66187, graph 0.91 nohead lw 2 dt (6,4) lc rgb '#000000' front
    set label 3 'P95 >6.7500 d' at 6.66187, graph 0.88 right offset -0.5,0 front
    set label 4 '>horizon (60 %)' at 6.66187, 6.24 center front
    plot 'time_to_train_job1.dat' index 0 using (($1+$2)/2):3:($2-$1) with boxes lc rgb '#0072B2', \
         'time_to_train_job1.dat' index 1 using (($1+$2)/2):3:($2-$1) with boxes fs pattern 4 lc rgb '#555555'
    set output
}
